using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Vpp.Functions.Dispatch;

namespace Vpp.Functions.Tests;

/// <summary>The app's settings are read once, at start-up: one out of range stops the app and is named, with its range.</summary>
public sealed class FunctionsSettingsTests
{
    private static IConfiguration Configuration(Dictionary<string, string?> settings) => new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

    [Fact]
    public void Settings_out_of_range_stop_the_app_at_start_up_each_named_under_its_key()
    {
        var configuration = Configuration(new()
        {
            ["Settlement:PayoutRetrySeconds"] = "0",
            ["Settlement:StartDaysAfterMonthEnd"] = "30",
            ["Dispatch:ReleaseWindowMinutes"] = "300",
        });

        var refused = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddVppFunctions(configuration));

        Assert.Equal(
            "Settings out of range: Settlement:StartDaysAfterMonthEnd: 0 to 27 days: a run starts within the month after; "
            + "Settlement:PayoutRetrySeconds: more than 0, at most 600 seconds; Dispatch:ReleaseWindowMinutes: 0 to 240 minutes",
            refused.Message);
    }

    [Theory]
    [InlineData(null, 90.0)]
    [InlineData("0", 0.0)]
    [InlineData("2", 2.0)]
    [InlineData("240", 240.0)]
    [InlineData("-1", null)]
    [InlineData("240.5", null)]
    public void The_release_window_is_the_default_the_configured_minutes_or_refused_outside_its_range(string? configured, double? minutes)
    {
        var window = DispatchOrchestrations.ReleaseWindowOf(Configuration(new() { [DispatchOrchestrations.ReleaseWindowSetting] = configured }));

        Assert.Equal(minutes, window?.TotalMinutes);
    }
}
