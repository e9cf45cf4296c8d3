using System.Globalization;

namespace Vpp.Domain.Tests;

/// <summary>Reads the real public data in ../shared/data (see its README); never copied into the repository.</summary>
public static class SharedData
{
    public static string PathOf(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data", relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"shared/data/{relative} not found above {AppContext.BaseDirectory}");
    }

    /// <summary>Rows of "timestamp,value" (first two columns), timestamps with offsets.</summary>
    public static IEnumerable<(DateTimeOffset Time, double Value)> TimeSeries(string relative) =>
        File.ReadLines(PathOf(relative)).Skip(1)
            .Select(line => line.Split(','))
            .Where(p => p.Length >= 2 && p[1].Length > 0)
            .Select(p => (DateTimeOffset.Parse(p[0], CultureInfo.InvariantCulture), double.Parse(p[1], CultureInfo.InvariantCulture)));
}
