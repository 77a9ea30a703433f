"""What patchlint works out about a series, by concern. Analyses compute facts; the rules
(`rules/`, run by `patchlint.engine`) judge them and decide the findings.

- `revisions`: each patch against its counterpart in the revision before (interdiff,
  pairing), every diff checked once, and the author's changelog read against the interdiff;
- `people`: who is who in a thread (one person under two addresses or spellings);
- `trailers`: where every trailer came from (lineage), and what is wrong with a trailer or a
  sign-off;
- `discussion`: the reply's own words, review comments (anchored, tracked), and what the
  thread says happened (holds, NAKs, "Applied.");
- `approval`: maintainer coverage and Xen's check-in policy (data, judge, wording);
- `facts`: the container of one series' analyses (`SeriesAnalysis`).
"""
