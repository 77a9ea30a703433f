"""The precision corpus: patchlint's real findings on real lists, sampled the same way every
time and labelled as a maintainer would judge them (docs/precision.md).

  python -m bench.precision          # run, sample, join the labels, print and record figures
  python bench/precision/show.py KEY # one finding in its mail and thread, to judge it
  python bench/precision/label.py KEY tp|fp|noise "reason"
"""
