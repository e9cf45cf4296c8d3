using System.Text;
using Vpp.Domain.Telemetry;

namespace Vpp.Domain.Tests;

public sealed class TelemetryParserTests
{
    [Fact]
    public void A_full_message_parses_every_field()
    {
        var json = TelemetryJson.Valid()
            .With("sequence", 42).With("powerKw", -3.25).With("solarKw", 4.1).With("siteNetKw", -2.0)
            .With("stateOfChargePct", 55.5).With("plugged", true).With("sessionEnergyKwh", 7.5)
            .With("tankTemperatureC", 52.0).With("indoorTemperatureC", 21.5).With("setpointC", 21).With("deviceType", "battery")
            .With("firmware", "1.2.3");

        var result = TelemetryParser.Parse(json.Bytes());

        Assert.True(result.Succeeded, result.Detail);
        var m = result.Message!;
        Assert.Equal(42, m.Sequence);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero), m.Timestamp);
        Assert.Equal(-3.25, m.PowerKw);
        Assert.Equal(4.1, m.SolarKw);
        Assert.Equal(-2.0, m.SiteNetKw);
        Assert.Equal(55.5, m.StateOfChargePct);
        Assert.True(m.Plugged);
        Assert.Equal(7.5, m.SessionEnergyKwh);
        Assert.Equal(52.0, m.TankTemperatureC);
        Assert.Equal(21.5, m.IndoorTemperatureC);
        Assert.Equal("battery", m.DeviceType);
    }

    [Fact]
    public void Energy_follows_the_load_sign_convention()
    {
        var importing = TelemetryParser.Parse(TelemetryJson.Valid().With("powerKw", 6.0).With("intervalSeconds", 900).Bytes()).Message!;
        var exporting = TelemetryParser.Parse(TelemetryJson.Valid().With("powerKw", -4.0).With("intervalSeconds", 900).Bytes()).Message!;

        Assert.Equal(1.5, importing.EnergyImportedKwh, 12);
        Assert.Equal(0, importing.EnergyExportedKwh);
        Assert.Equal(1.0, exporting.EnergyExportedKwh, 12);
        Assert.Equal(0, exporting.EnergyImportedKwh);
    }

    [Theory]
    [InlineData("{\"schemaVersion\":1,", RejectionReason.MalformedJson)]
    [InlineData("[1,2,3]", RejectionReason.MalformedJson)]
    [InlineData("not json", RejectionReason.MalformedJson)]
    [InlineData("{} {}", RejectionReason.MalformedJson)]
    [InlineData("{\"sequence\":1}", RejectionReason.MissingField)]
    public void Malformed_bodies_are_rejected_with_a_reason(string body, RejectionReason expected)
    {
        var result = TelemetryParser.Parse(Encoding.UTF8.GetBytes(body));

        Assert.False(result.Succeeded);
        Assert.Equal(expected, result.Reason);
        Assert.False(string.IsNullOrWhiteSpace(result.Detail));
    }

    [Fact]
    public void An_unknown_schema_version_is_named()
    {
        var result = TelemetryParser.Parse(TelemetryJson.Valid().With("schemaVersion", 2).Bytes());

        Assert.Equal(RejectionReason.UnsupportedSchemaVersion, result.Reason);
        Assert.Contains("2", result.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sequence")]
    [InlineData("timestamp")]
    [InlineData("intervalSeconds")]
    [InlineData("powerKw")]
    public void Each_required_field_is_required(string field)
    {
        var result = TelemetryParser.Parse(TelemetryJson.Valid().Without(field).Bytes());

        Assert.Equal(RejectionReason.MissingField, result.Reason);
        Assert.Contains(field, result.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("powerKw", "\"1.5\"")]
    [InlineData("sequence", "1.5")]
    [InlineData("timestamp", "\"2026-11-21T10:00:00\"")]
    [InlineData("timestamp", "\"yesterday\"")]
    [InlineData("timestamp", "1732183200")]
    public void Wrong_types_and_local_times_without_offset_are_invalid_fields(string field, string rawValue)
    {
        var json = TelemetryJson.Valid().With(field, System.Text.Json.Nodes.JsonNode.Parse(rawValue));

        var result = TelemetryParser.Parse(json.Bytes());

        Assert.Equal(RejectionReason.InvalidField, result.Reason);
        Assert.Contains(field, result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Offsets_other_than_utc_are_converted_to_the_same_instant()
    {
        var result = TelemetryParser.Parse(TelemetryJson.Valid().With("timestamp", "2026-03-08T01:30:00-08:00").Bytes());

        Assert.Equal(new DateTimeOffset(2026, 3, 8, 9, 30, 0, TimeSpan.Zero), result.Message!.Timestamp.ToUniversalTime());
    }
}
