"""The RDF side: namespaces, IRIs, terms, the graph writer and loading a build."""
