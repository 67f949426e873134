"""Reading articles: decoding, cleaning, sentences, script folding, jieba words and tags."""
