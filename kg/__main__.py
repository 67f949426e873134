from kg.app.cli import app

app(prog_name="kg")
