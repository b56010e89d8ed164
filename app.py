"""The CaseWatch server: ``streamlit run app.py`` (``make run``) serves dashboard.py, the app, and
the redirects of casewatch/ui/routes.py beside it. ``streamlit run dashboard.py`` serves the same
app without them."""

import streamlit as st

from casewatch.ui import routes

app = st.App("dashboard.py", routes=routes.ROUTES)
