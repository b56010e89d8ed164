"""The CaseWatch server: ``streamlit run app.py`` (``make run``) serves dashboard.py, the app, and
the redirects and preload hints of casewatch/ui/routes.py beside it. ``streamlit run dashboard.py``
serves the same app without them. Starting, it warms the caches the overview reads
(casewatch/ui/warmup.py) before it answers."""

import streamlit as st

from casewatch.ui import routes, warmup

# what a cold server's first visitor would wait for, done at start-up before it answers anyone
app = st.App("dashboard.py", routes=routes.ROUTES, middleware=routes.MIDDLEWARE, lifespan=warmup.lifespan)
