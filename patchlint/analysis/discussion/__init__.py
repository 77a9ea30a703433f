"""The discussion of a series: the reply's own words (`own_words`, the one reading every
analysis shares), review comments anchored to the code they quote (`anchor`, `comments`)
and tracked across revisions (`tracking`), and what the thread says happened (`outcome`)."""
