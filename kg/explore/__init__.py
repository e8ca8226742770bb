"""Exploring a store: the interactive graph page (:mod:`.viz`) and its analytics (:mod:`.analytics`)."""
