using System.Globalization;
using System.IO.Compression;
using Vpp.Domain.Forecasting;

namespace Vpp.Infrastructure.Forecasting;

/// <summary>
/// Reads "timestamp,value" CSV files (a header, then rows; plain or gzip, detected by content). The first column that
/// holds a timestamp and the column after it are used, whatever the header says, so files exported with a leading
/// index column read too. Timestamps are ISO-8601; one without an offset is local time in <paramref name="zone"/>
/// (for a repeated DST hour, the first occurrence). Empty or unparsable values become NaN (gaps), never zeros.
/// </summary>
public static class CsvTimeSeries
{
    public static List<TimeSeriesPoint> Read(string path, TimeZoneInfo zone)
    {
        using var file = File.OpenRead(path);
        var magic = new byte[2];
        var gzip = file.Read(magic, 0, 2) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        file.Position = 0;
        using Stream stream = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(stream);
        return Parse(reader, zone);
    }

    /// <summary>Reads the named value columns against the file's first timestamp column.</summary>
    public static Dictionary<string, List<TimeSeriesPoint>> ReadColumns(string path, TimeZoneInfo zone, params string[] columns)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        var indexes = columns.ToDictionary(c => c, c => Array.IndexOf(header, c) is var i and >= 0 ? i : throw new FormatException($"{path} has no column '{c}'."));
        var result = columns.ToDictionary(c => c, _ => new List<TimeSeriesPoint>());
        foreach (var line in lines.Skip(1).Where(l => !string.IsNullOrWhiteSpace(l)))
        {
            var cells = line.Split(',');
            if (!TryParseTime(cells[0], zone, out var time))
            {
                throw new FormatException($"'{cells[0]}' is not an ISO-8601 timestamp.");
            }

            foreach (var (name, index) in indexes)
            {
                result[name].Add(new TimeSeriesPoint(time, double.TryParse(cells[index], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN));
            }
        }

        return result;
    }

    public static List<TimeSeriesPoint> Parse(TextReader reader, TimeZoneInfo zone)
    {
        var points = new List<TimeSeriesPoint>();
        reader.ReadLine();
        int? timeColumn = null;
        var lineNumber = 1;
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var cells = line.Split(',');
            timeColumn ??= Enumerable.Range(0, cells.Length - 1).Cast<int?>().FirstOrDefault(c => TryParseTime(cells[c!.Value], zone, out _))
                           ?? throw new FormatException($"Line {lineNumber}: no timestamp column in '{line}'.");
            if (!TryParseTime(cells[timeColumn.Value], zone, out var time))
            {
                throw new FormatException($"Line {lineNumber}: '{cells[timeColumn.Value]}' is not an ISO-8601 timestamp.");
            }

            var value = double.TryParse(cells[timeColumn.Value + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN;
            points.Add(new TimeSeriesPoint(time, value));
        }

        return points;
    }

    private static bool TryParseTime(string text, TimeZoneInfo zone, out DateTimeOffset time)
    {
        text = text.Trim().Trim('"');
        var hasOffset = text.EndsWith('Z') || (text.Length > 6 && text[^3] == ':' && text[^6] is '+' or '-') || (text.Length > 5 && text[^5] is '+' or '-' && text[^4..].All(char.IsAsciiDigit));
        if (hasOffset)
        {
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
        }

        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local) && text.Contains('-', StringComparison.Ordinal))
        {
            var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
            var offset = zone.IsAmbiguousTime(unspecified) ? zone.GetAmbiguousTimeOffsets(unspecified).Max() : zone.GetUtcOffset(unspecified);
            time = new DateTimeOffset(unspecified, offset);
            return true;
        }

        time = default;
        return false;
    }
}
