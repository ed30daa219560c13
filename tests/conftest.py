"""Shared test settings: the Hypothesis profiles, and the slowest notebook first.

Two profiles, picked from the environment:
- "ci" when the CI variable is set (as .ci/run does): enough random examples that the
  property tests together run well over 1,000 cases (5 property tests x 300 examples).
- "learner" otherwise: a quick run for someone trying the tests while reading along.
Choose one by hand with `pytest --hypothesis-profile=ci`. No deadline in either:
timing on a busy 2-core machine says nothing about correctness.
"""

import os

from hypothesis import settings

settings.register_profile("ci", max_examples=300, deadline=None, print_blob=True)
settings.register_profile("learner", max_examples=40, deadline=None)
settings.load_profile("ci" if os.environ.get("CI", "").lower() not in ("", "0", "false") else "learner")


# The notebook that takes longest (100 training steps, then 100 more in minibatches). make test
# spreads whole files over the cores (pytest -n auto --dist loadfile) in the order collected;
# started last, this one would leave the other cores idle at the end.
SLOWEST_FIRST = "notebooks/08_moons_classifier.ipynb::"


def pytest_collection_modifyitems(items):
    """Move the slowest notebook's cells to the front, in their order; everything else keeps its order."""
    items.sort(key=lambda item: not item.nodeid.startswith(SLOWEST_FIRST))
