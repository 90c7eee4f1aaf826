"""One builder per document kind: (rng, ctx, variant) -> DocSpec."""
