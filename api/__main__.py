"""``python -m api`` runs the ``kg`` command."""

from api.cli import app

app(prog_name="kg")
