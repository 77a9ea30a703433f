"""Pure data model: messages, subjects, trailers, patches, threads, series and revisions."""
