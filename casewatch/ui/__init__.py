"""Streamlit widgets shared by pages; the only part of casewatch that imports streamlit."""
