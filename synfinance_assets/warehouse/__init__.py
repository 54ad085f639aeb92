"""The Postgres warehouse: table models, partition writes and reads."""
