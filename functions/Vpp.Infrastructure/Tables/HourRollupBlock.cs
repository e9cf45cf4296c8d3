using System.Buffers.Binary;
using Vpp.Domain.Telemetry;

namespace Vpp.Infrastructure.Tables;

/// <summary>
/// One device-hour of rollups as stored in one table row: up to 60 one-minute and 4 quarter-hour rollups, each packed
/// as a slot byte and nine 8-byte little-endian values (73 bytes). One row per hour keeps a commit to a couple of
/// entity operations however many minutes a batch covers.
/// </summary>
public sealed class HourRollupBlock(DateTimeOffset hour)
{
    private const int SlotBytes = 1 + (9 * 8);

    public DateTimeOffset Hour { get; } = hour;

    public Dictionary<RollupKey, RollupValues> Rollups { get; } = [];

    public static HourRollupBlock Decode(DateTimeOffset hour, byte[]? minutes, byte[]? quarters)
    {
        var block = new HourRollupBlock(hour);
        block.DecodeInto(minutes, RollupResolution.OneMinute);
        block.DecodeInto(quarters, RollupResolution.FifteenMinutes);
        return block;
    }

    public byte[] Encode(RollupResolution resolution)
    {
        var selected = Rollups.Where(r => r.Key.Resolution == resolution).OrderBy(r => r.Key.IntervalStart).ToList();
        var bytes = new byte[selected.Count * SlotBytes];
        var span = bytes.AsSpan();
        foreach (var (key, v) in selected)
        {
            span[0] = (byte)((key.IntervalStart - Hour).TotalMinutes / (int)resolution);
            var values = span[1..];
            ReadOnlySpan<double> doubles = [v.EnergyImportedKwh, v.EnergyExportedKwh, v.SolarEnergyKwh, v.CoveredSeconds, v.SampleCount,
                v.MinStateOfChargePct, v.MaxStateOfChargePct, v.MinTemperatureC, v.MaxTemperatureC];
            for (var i = 0; i < doubles.Length; i++)
            {
                BinaryPrimitives.WriteDoubleLittleEndian(values[(i * 8)..], doubles[i]);
            }

            span = span[SlotBytes..];
        }

        return bytes;
    }

    private void DecodeInto(byte[]? bytes, RollupResolution resolution)
    {
        if (bytes is null)
        {
            return;
        }

        if (bytes.Length % SlotBytes != 0)
        {
            throw new FormatException($"A packed rollup column is a multiple of {SlotBytes} bytes; got {bytes.Length}.");
        }

        Span<double> d = stackalloc double[9];
        for (var offset = 0; offset < bytes.Length; offset += SlotBytes)
        {
            var slot = bytes[offset];
            for (var i = 0; i < d.Length; i++)
            {
                d[i] = BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(offset + 1 + (i * 8), 8));
            }

            Rollups[new RollupKey(resolution, Hour.AddMinutes(slot * (int)resolution))] =
                new RollupValues(d[0], d[1], d[2], d[3], (long)d[4], d[5], d[6], d[7], d[8]);
        }
    }
}
