using Vpp.Domain.Telemetry;

namespace Vpp.DeviceSim.Tests;

public sealed class TelemetrySequenceTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_device_counts_one_per_minute_interval()
    {
        Assert.Equal(TelemetrySequence.For(Start, 60) + 1, TelemetrySequence.For(Start.AddMinutes(1), 60));
        Assert.Equal(1_795_341_600 / 60, TelemetrySequence.For(Start, 60));
    }

    [Fact]
    public void A_run_at_a_longer_or_shorter_interval_carries_on_where_the_last_left_off_and_every_message_counts()
    {
        // An hour at 60 s, as the stack reports at real speed; then at 240 s, as it reports at --speed 60; then 10 s.
        var window = SequenceWindow.Empty();
        var messages = Enumerable.Range(0, 60).Select(m => TelemetrySequence.For(Start.AddMinutes(m), 60))
            .Concat(Enumerable.Range(0, 15).Select(k => TelemetrySequence.For(Start.AddHours(1).AddMinutes(4 * k), 240)))
            .Concat(Enumerable.Range(0, 6).Select(k => TelemetrySequence.For(Start.AddHours(2).AddSeconds(10 * k), 10)));

        Assert.All(messages, sequence => Assert.Equal(SequenceOutcome.Accepted, window.TryAccept(sequence)));
    }
}
