using System.Globalization;
using System.Text.RegularExpressions;
using Vpp.LocalHost;

namespace Vpp.Benchmarks;

/// <summary>
/// The ingestion benchmark's regression guard: the ratio to the bare parse recorded in docs/benchmarks.md, per device
/// count, on a line <c>ingest-guard devices=10000 ratio=0.27</c>. A run whose ratio is more than
/// <see cref="Tolerance"/> below it fails, so a change that slows the hot path is seen by whoever makes it. Timings
/// stay out of the test suite; this runs with the benchmark.
/// </summary>
public static partial class IngestGuard
{
    public const double Tolerance = 0.10;

    public static IngestGuardResult Check(int devices, double ratio)
    {
        var path = Path.Combine(RepositoryRoot.Find(), "docs", "benchmarks.md");
        if (!File.Exists(path))
        {
            return new IngestGuardResult(false, "missing", $"ingest guard: {path} not found; run from the repository");
        }

        foreach (var line in File.ReadLines(path))
        {
            var match = GuardLine().Match(line);
            if (match.Success && int.Parse(match.Groups["devices"].Value, CultureInfo.InvariantCulture) == devices)
            {
                var recorded = double.Parse(match.Groups["ratio"].Value, CultureInfo.InvariantCulture);
                var floor = recorded * (1 - Tolerance);
                return ratio >= floor
                    ? new IngestGuardResult(true, FormattableString.Invariant($"pass(recorded={recorded:0.000})"), null)
                    : new IngestGuardResult(false, FormattableString.Invariant($"fail(recorded={recorded:0.000})"), FormattableString.Invariant(
                        $"ingest guard: ratio {ratio:0.000} is more than {Tolerance:P0} below the {recorded:0.000} recorded in docs/benchmarks.md for {devices} devices (floor {floor:0.000}): find what slowed the hot path, or record why the figure must fall"));
            }
        }

        // A device count nobody recorded has nothing to fall below.
        return new IngestGuardResult(true, "none", null);
    }

    [GeneratedRegex(@"^ingest-guard devices=(?<devices>\d+) ratio=(?<ratio>\d+(\.\d+)?)\s*$")]
    private static partial Regex GuardLine();
}
