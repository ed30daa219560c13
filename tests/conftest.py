"""Shared test settings: the Hypothesis profiles.

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
