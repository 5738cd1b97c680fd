from seccoop.cli import main

main()
