"""The simulation kernel: a persistent world of Indian payers and payees, rendered a day at a time.

``world`` builds the customers, merchants and their habits from the seed; ``calendar``
knows the festivals; ``render`` turns the world and one day's keys into that day's
payments; ``reference`` holds the published figures the output is held against and
``fidelity`` holds the output against them.
Nothing here imports Dagster, Great Expectations, MLflow or the ORM.
"""
