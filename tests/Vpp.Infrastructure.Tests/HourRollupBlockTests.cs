using Vpp.Domain.Telemetry;
using Vpp.Infrastructure.Tables;

namespace Vpp.Infrastructure.Tests;

public sealed class HourRollupBlockTests
{
    [Fact]
    public void Packed_rollups_round_trip_exactly_including_absent_ranges()
    {
        var hour = new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
        var block = new HourRollupBlock(hour);
        block.Rollups[new RollupKey(RollupResolution.OneMinute, hour)] = new RollupValues(0.1, 0, 0.05, 60, 1, 40.5, 41, double.NaN, double.NaN);
        block.Rollups[new RollupKey(RollupResolution.OneMinute, hour.AddMinutes(59))] = new RollupValues(0, 0.2, 0, 60, 1, double.NaN, double.NaN, 21.5, 21.5);
        block.Rollups[new RollupKey(RollupResolution.FifteenMinutes, hour.AddMinutes(45))] = new RollupValues(1.25, 0.75, 0.5, 900, 15, 10, 90, 20, 23, PluggedSeconds: 600);

        var decoded = HourRollupBlock.Decode(hour, block.Encode(RollupResolution.OneMinute), block.Encode(RollupResolution.FifteenMinutes));

        Assert.Equal(3, decoded.Rollups.Count);
        foreach (var (key, values) in block.Rollups)
        {
            Assert.Equal(values, decoded.Rollups[key]);
        }

        Assert.Throws<FormatException>(() => HourRollupBlock.Decode(hour, new byte[10], null));
        Assert.Throws<FormatException>(() => HourRollupBlock.Decode(hour, null, null, format: 3));
    }

    [Fact]
    public void Rows_packed_before_plug_time_was_recorded_still_read_with_none_plugged()
    {
        var hour = new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
        double[] formatOne = [0.5, 0, 0, 900, 15, double.NaN, double.NaN, 50, 55];
        var bytes = new byte[1 + (formatOne.Length * 8)];
        bytes[0] = 2; // the third quarter hour
        for (var i = 0; i < formatOne.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(1 + (i * 8)), formatOne[i]);
        }

        var decoded = HourRollupBlock.Decode(hour, null, bytes, format: 1);

        var values = decoded.Rollups[new RollupKey(RollupResolution.FifteenMinutes, hour.AddMinutes(30))];
        Assert.Equal(0.5, values.EnergyImportedKwh);
        Assert.Equal(55, values.MaxTemperatureC);
        Assert.Equal(0, values.PluggedSeconds);
    }
}
