"""The web app: `dutybound serve`, or create_app() from dutybound.web.app (docs/web.md)."""
