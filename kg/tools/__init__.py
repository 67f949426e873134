"""Tools around the product: training the NER, evaluating against gold."""
