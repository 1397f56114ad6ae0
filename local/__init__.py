"""The local stack: moto in place of AWS, Chalice's local server in place of API Gateway."""
