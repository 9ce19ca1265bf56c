"""The build's stages, one module each (scan, imports, ...), and the services they share
(workers). generator.build runs them in order."""
