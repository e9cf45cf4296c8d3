using System.Buffers.Binary;
using Vpp.Domain.Telemetry;

namespace Vpp.Infrastructure.Tables;

/// <summary>
/// One device-hour of rollups as stored in one table row: up to 60 one-minute and 4 quarter-hour rollups, each packed
/// as a slot byte and 8-byte little-endian values. One row per hour keeps a commit to a couple of entity operations
/// however many minutes a batch covers. Format 1 (rows without a format) packs nine values; format 2 adds the plugged
/// seconds (81 bytes a slot). Rows are read in either format and written in the current one.
/// </summary>
public sealed class HourRollupBlock(DateTimeOffset hour)
{
    public const int CurrentFormat = 2;

    public DateTimeOffset Hour { get; } = hour;

    public Dictionary<RollupKey, RollupValues> Rollups { get; } = [];

    public static HourRollupBlock Decode(DateTimeOffset hour, byte[]? minutes, byte[]? quarters, int format = CurrentFormat)
    {
        if (format is < 1 or > CurrentFormat)
        {
            throw new FormatException($"Rollup format {format} is not one this version reads (1 to {CurrentFormat}).");
        }

        var block = new HourRollupBlock(hour);
        block.DecodeInto(minutes, RollupResolution.OneMinute, ValuesPerSlot(format));
        block.DecodeInto(quarters, RollupResolution.FifteenMinutes, ValuesPerSlot(format));
        return block;
    }

    private static int ValuesPerSlot(int format) => format == 1 ? 9 : 10;

    private static int SlotBytes(int format) => 1 + (ValuesPerSlot(format) * 8);

    public byte[] Encode(RollupResolution resolution)
    {
        var selected = Rollups.Where(r => r.Key.Resolution == resolution).OrderBy(r => r.Key.IntervalStart).ToList();
        var slotBytes = SlotBytes(CurrentFormat);
        var bytes = new byte[selected.Count * slotBytes];
        var span = bytes.AsSpan();
        foreach (var (key, v) in selected)
        {
            span[0] = (byte)((key.IntervalStart - Hour).TotalMinutes / (int)resolution);
            var values = span[1..];
            ReadOnlySpan<double> doubles = [v.EnergyImportedKwh, v.EnergyExportedKwh, v.SolarEnergyKwh, v.CoveredSeconds, v.SampleCount,
                v.MinStateOfChargePct, v.MaxStateOfChargePct, v.MinTemperatureC, v.MaxTemperatureC, v.PluggedSeconds];
            for (var i = 0; i < doubles.Length; i++)
            {
                BinaryPrimitives.WriteDoubleLittleEndian(values[(i * 8)..], doubles[i]);
            }

            span = span[slotBytes..];
        }

        return bytes;
    }

    private void DecodeInto(byte[]? bytes, RollupResolution resolution, int valuesPerSlot)
    {
        var slotBytes = 1 + (valuesPerSlot * 8);
        if (bytes is null)
        {
            return;
        }

        if (bytes.Length % slotBytes != 0)
        {
            throw new FormatException($"A packed rollup column is a multiple of {slotBytes} bytes; got {bytes.Length}.");
        }

        Span<double> d = stackalloc double[10];
        for (var offset = 0; offset < bytes.Length; offset += slotBytes)
        {
            var slot = bytes[offset];
            d.Clear();
            for (var i = 0; i < valuesPerSlot; i++)
            {
                d[i] = BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(offset + 1 + (i * 8), 8));
            }

            Rollups[new RollupKey(resolution, Hour.AddMinutes(slot * (int)resolution))] =
                new RollupValues(d[0], d[1], d[2], d[3], (long)d[4], d[5], d[6], d[7], d[8], d[9]);
        }
    }
}
