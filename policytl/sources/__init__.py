"""Sources anyone can check: archived copies, quotes verified against them, links checked.

An edge of policytl, like the command line: it may import httpx and pypdf (lazily,
where they are needed); the core (model, load, analyze, files, export) never imports
this package.

- :mod:`policytl.sources.extract`: the text of an archived copy (HTML, PDF, plain text);
- :mod:`policytl.sources.normalise`: the documented normalisation quotes are matched after;
- :mod:`policytl.sources.verify`: every quote looked up in its source's archived copy;
- :mod:`policytl.sources.fetch`: HTTP (httpx: redirects, timeouts, retries, concurrency);
- :mod:`policytl.sources.archive`: fetching and saving copies, and Save Page Now;
- :mod:`policytl.sources.linkcheck`: every URL of a timeline, checked.
"""
