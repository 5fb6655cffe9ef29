"""The targets decide what `make bench` calls a failure: a missed target and a missing figure both
fail, a target whose row was not run is left out."""

import os
import sys
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from harness import report, targets  # noqa: E402


class Targets(unittest.TestCase):
    def test_a_met_target_passes_and_a_missed_one_fails(self):
        met = report.Row("decision_rules", events_per_s=95.0, baseline_events_per_s=100.0)
        missed = report.Row("keyed_apply_json", events_per_s=36.0, baseline_events_per_s=100.0)
        results = dict(targets.evaluate([met, missed]))
        self.assertIs(results["decision_rules: keyed apply with rules >= 0.9x without"], True)
        self.assertIs(results["keyed_apply_json >= 0.5x parsing the same events only"], False)
        self.assertEqual(
            targets.failures(targets.evaluate([met, missed])), ["keyed_apply_json >= 0.5x parsing the same events only"]
        )

    def test_a_row_that_ran_without_its_figure_fails(self):
        results = targets.evaluate([report.Row("plot_render")])
        self.assertEqual(results, [("plot_render >= 1.0x libpng writing the same surface at the same zlib level", None)])
        self.assertEqual(targets.failures(results), ["plot_render >= 1.0x libpng writing the same surface at the same zlib level"])
        self.assertIn("**no figure**", targets.markdown(results))

    def test_targets_of_rows_not_run_are_left_out(self):
        self.assertEqual(targets.evaluate([]), [])
        growth = dict(targets.evaluate([report.Row("memory_1e7", peak_rss_mib=30.0)]))
        self.assertIsNone(growth["memory growth 1e5 -> 1e7 events <= 1 MiB"])


if __name__ == "__main__":
    unittest.main()
