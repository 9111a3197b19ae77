"""factory_boy factories, one module per app, shared by all tests."""
