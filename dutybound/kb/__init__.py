"""Finding knowledge bases: the one shipped inside the package, or one named by the user."""
