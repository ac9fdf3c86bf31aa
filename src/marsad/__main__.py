from marsad.cli import cli

cli()
