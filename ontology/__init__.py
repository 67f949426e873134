"""The OWL ontology and SHACL shapes, shipped with the package as kg.ontology."""
