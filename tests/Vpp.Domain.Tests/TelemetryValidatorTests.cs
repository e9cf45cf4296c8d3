using Vpp.Domain.Telemetry;

namespace Vpp.Domain.Tests;

public sealed class TelemetryValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 10, 5, 0, TimeSpan.Zero);
    private readonly TelemetryValidator validator = new();

    private static TelemetryMessage Message(Action<TelemetryJson>? change = null)
    {
        var json = TelemetryJson.Valid();
        change?.Invoke(json);
        return TelemetryParser.Parse(json.Bytes()).Message!;
    }

    [Fact]
    public void A_plausible_message_passes()
    {
        var (reason, _) = validator.Validate(Message(j => j.With("stateOfChargePct", 80).With("powerKw", -4.9)), TestDevices.Battery(), Now);

        Assert.Equal(RejectionReason.None, reason);
    }

    [Theory]
    [InlineData("stateOfChargePct", 140.0)]
    [InlineData("stateOfChargePct", -1.0)]
    [InlineData("powerKw", 5000.0)]
    [InlineData("powerKw", -5000.0)]
    [InlineData("tankTemperatureC", 120.0)]
    [InlineData("indoorTemperatureC", 80.0)]
    [InlineData("siteNetKw", 5000.0)]
    [InlineData("solarKw", 3.0)]
    public void Values_out_of_physical_range_are_rejected(string field, double value)
    {
        var (reason, detail) = validator.Validate(Message(j => j.With(field, value)), TestDevices.Battery(), Now);

        Assert.Equal(RejectionReason.OutOfPhysicalRange, reason);
        Assert.Contains(field, detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Power_is_checked_against_the_devices_own_rating()
    {
        var justOver = Message(j => j.With("powerKw", 5.0 * 1.1 + 0.06));
        var withinTolerance = Message(j => j.With("powerKw", 5.4));

        Assert.Equal(RejectionReason.OutOfPhysicalRange, validator.Validate(justOver, TestDevices.Battery(), Now).Reason);
        Assert.Equal(RejectionReason.None, validator.Validate(withinTolerance, TestDevices.Battery(), Now).Reason);
        Assert.Equal(RejectionReason.OutOfPhysicalRange, validator.Validate(Message(j => j.With("powerKw", -1.0)), TestDevices.EvCharger(), Now).Reason);
    }

    [Fact]
    public void Night_time_inverter_draw_is_not_an_error()
    {
        var (reason, _) = validator.Validate(Message(j => j.With("solarKw", -0.0029)), TestDevices.Battery(pvKw: 5.4), Now);

        Assert.Equal(RejectionReason.None, reason);
    }

    [Fact]
    public void Timestamps_far_in_the_future_or_past_are_rejected()
    {
        Assert.Equal(RejectionReason.TimestampInFuture, validator.Validate(Message(j => j.At(Now.AddMinutes(6))), TestDevices.Battery(), Now).Reason);
        Assert.Equal(RejectionReason.None, validator.Validate(Message(j => j.At(Now.AddMinutes(4))), TestDevices.Battery(), Now).Reason);
        Assert.Equal(RejectionReason.TimestampTooOld, validator.Validate(Message(j => j.At(Now.AddDays(-8))), TestDevices.Battery(), Now).Reason);
        Assert.Equal(RejectionReason.None, validator.Validate(Message(j => j.At(Now.AddDays(-6))), TestDevices.Battery(), Now).Reason);
    }

    [Fact]
    public void A_message_claiming_another_device_type_is_rejected()
    {
        var (reason, detail) = validator.Validate(Message(j => j.With("deviceType", "thermostat")), TestDevices.Battery(), Now);

        Assert.Equal(RejectionReason.DeviceTypeMismatch, reason);
        Assert.Contains("battery", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7200)]
    public void Interval_lengths_outside_one_second_to_one_hour_are_invalid(int seconds)
    {
        Assert.Equal(RejectionReason.InvalidField, validator.Validate(Message(j => j.With("intervalSeconds", seconds)), TestDevices.Battery(), Now).Reason);
    }
}
