"""Calendar months (BGB §188(3) counts periods of months this way)."""
import datetime as dt

import pytest

from dutybound.rules.functions import FunctionError, add_months


@pytest.mark.parametrize("d, n, want", [
    (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),
    (dt.date(2023, 1, 31), 1, dt.date(2023, 2, 28)),
    (dt.date(2023, 11, 30), 13, dt.date(2024, 12, 30)),
    (dt.date(2022, 3, 5), -3, dt.date(2021, 12, 5)),
    (dt.datetime(2022, 3, 5, 10, 0), 12, dt.datetime(2023, 3, 5, 10, 0)),
])
def test_add_months(d, n, want):
    assert add_months(None, d, n) == want


def test_add_months_rejects_a_non_date():
    with pytest.raises(FunctionError):
        add_months(None, "soon", 1)
