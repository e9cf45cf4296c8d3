using System.Globalization;
using System.Text.RegularExpressions;
using Vpp.Domain.Devices;

namespace Vpp.Domain.Tests.Devices;

public sealed partial class DispatchDrawTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Draws_match_the_test_vectors_device_makers_implement_from_the_twin_contract()
    {
        var vectors = File.ReadLines(Path.Combine(RepositoryRoot(), "docs", "device-twin.md"))
            .Select(line => TestVector().Match(line))
            .Where(m => m.Success)
            .ToList();

        Assert.True(vectors.Count >= 4, $"{vectors.Count} test vectors in docs/device-twin.md");
        Assert.All(vectors, m => Assert.Equal(
            double.Parse(m.Groups["draw"].Value, CultureInfo.InvariantCulture),
            DispatchDraw.Uniform(m.Groups["device"].Value, m.Groups["plan"].Value, DateTimeOffset.FromUnixTimeSeconds(long.Parse(m.Groups["unix"].Value, CultureInfo.InvariantCulture))),
            15));
    }

    [Fact]
    public void Draws_are_uniform_across_devices_and_unrelated_from_one_interval_to_the_next()
    {
        const int devices = 10_000;
        const int intervals = 20;
        var bins = new int[20];
        var bothLow = 0;
        for (var d = 0; d < devices; d++)
        {
            var previous = double.NaN;
            for (var i = 0; i < intervals; i++)
            {
                var draw = DispatchDraw.Uniform($"demo-{d:D5}", "demo-intraday-20261123T0600", Start.AddMinutes(15 * i));
                Assert.InRange(draw, 0, 1 - 1e-16);
                bins[(int)(draw * bins.Length)]++;
                bothLow += draw < 0.5 && previous < 0.5 ? 1 : 0;
                previous = draw;
            }
        }

        // 10,000 draws expected per bin (σ ≈ 97); a quarter of consecutive pairs both below a half (σ ≈ 0.001).
        Assert.All(bins, count => Assert.InRange(count, 9_500, 10_500));
        Assert.InRange(bothLow / (double)(devices * (intervals - 1)), 0.245, 0.255);
    }

    [Fact]
    public void A_device_draws_the_same_lot_whenever_it_asks_and_another_plan_draws_afresh()
    {
        var first = DispatchDraw.Uniform("demo-00001", "plan-a", Start);

        Assert.Equal(first, DispatchDraw.Uniform("demo-00001", "plan-a", Start));
        Assert.NotEqual(first, DispatchDraw.Uniform("demo-00001", "plan-b", Start));
        Assert.NotEqual(first, DispatchDraw.Uniform("demo-00001", "plan-a", Start.AddMinutes(15)));
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.72)]
    [InlineData(1.3)]
    public void Chargers_scheduled_below_the_six_ampere_minimum_draw_the_scheduled_rate_on_average_at_the_minimum_or_paused(double scheduledKw)
    {
        var drawn = Enumerable.Range(0, 20_000)
            .Select(d => ChargingStandard.ScheduledKw(scheduledKw, DispatchDraw.Uniform($"ev-{d}", "plan", Start)))
            .ToList();

        Assert.All(drawn, kw => Assert.True(kw is 0 or ChargingStandard.MinimumChargingKw, $"{kw} kW"));
        Assert.InRange(drawn.Average(), scheduledKw * 0.95, scheduledKw * 1.05);
    }

    [Fact]
    public void Chargers_scheduled_at_or_above_the_minimum_draw_the_scheduled_rate()
    {
        Assert.Equal(ChargingStandard.MinimumChargingKw, ChargingStandard.ScheduledKw(ChargingStandard.MinimumChargingKw, 0.99));
        Assert.Equal(5.5, ChargingStandard.ScheduledKw(5.5, 0.99));
        Assert.Equal(0, ChargingStandard.ScheduledKw(0, 0));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VppServerless.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"VppServerless.sln not found above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex(@"^\| `(?<device>[^`]+)` \| `(?<plan>[^`]+)` \| [^|]*\((?<unix>\d+)\) \| (?<draw>0\.\d+) \|$")]
    private static partial Regex TestVector();
}
