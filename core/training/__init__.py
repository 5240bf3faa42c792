"""Training a network: the trainer and the event records it yields, and the predictions
of a trained network as a person reads them."""
