"""Models of this layer are added by the issues that build on the foundation."""
