"""`make demo`: the whole baseline flow on a local AWS simulator, no AWS account needed."""
