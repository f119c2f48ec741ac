"""Hypothesis' entry point (group `hypothesis`): registers the Report strategy, so that
`st.from_type(Report)` gives consistent reports. Hypothesis runs this while it is being
imported, so the strategies module is only imported when a report is first drawn."""


def _hypothesis_setup_hook():
    from hypothesis import strategies as st

    from .ast import Report

    def consistent_reports():
        from .strategies import reports

        return reports()

    st.register_type_strategy(Report, st.deferred(consistent_reports))
