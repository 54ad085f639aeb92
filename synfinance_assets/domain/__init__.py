"""Framework-free domain logic: generators, scenarios, features, training, quality suites."""
