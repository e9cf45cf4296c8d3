using Vpp.LocalHost.Hosting;

namespace Vpp.LocalHost.Tests;

public sealed class TelemetryPacingTests
{
    [Theory]
    [InlineData(2000, 1, 60)] // the README's run: 33 messages a second
    [InlineData(2000, 10, 60)] // 333 a second
    [InlineData(2000, 60, 240)] // 2,000 a second at one minute; 500 at four
    [InlineData(300, 600, 360)] // 3,000 a second at one minute; 500 at six
    [InlineData(100_000, 3600, 3600)] // a program reports at least hourly
    public void The_default_interval_keeps_the_fleet_within_what_azurite_sustains(int devices, double speed, int expectedSeconds)
    {
        var interval = TelemetryPacing.DefaultIntervalSeconds(devices, speed);

        Assert.Equal(expectedSeconds, interval);
        Assert.Equal(0, interval % 60);
        Assert.True(
            TelemetryPacing.MessagesPerSecond(devices, interval, speed) <= TelemetryPacing.SustainableMessagesPerSecond || interval == TelemetryPacing.MaxIntervalSeconds,
            $"{TelemetryPacing.MessagesPerSecond(devices, interval, speed):0} messages a second");
    }
}
