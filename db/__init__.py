"""The only place that knows the schema: migrations, archive, queries."""
