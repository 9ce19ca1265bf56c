"""The build's stages, one module each (scan, imports, read, link, write, finish), and the
services they share (record, workers). generator.build runs them in order."""
