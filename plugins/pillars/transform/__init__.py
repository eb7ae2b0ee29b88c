"""Running dbt against the warehouse as the transformer role."""
