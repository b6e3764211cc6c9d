using System.Globalization;

namespace Verifier.Api.Tests.Operations;

/// <summary>Reads samples out of the Prometheus text exposition format.</summary>
public static class PrometheusText
{
    /// <summary>The values of every sample of <paramref name="metric"/> whose labels include all of <paramref name="labels"/>.</summary>
    public static IReadOnlyList<double> Samples(string text, string metric, params (string Name, string Value)[] labels)
    {
        ArgumentNullException.ThrowIfNull(text);
        var values = new List<double>();
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith('#') || !line.StartsWith(metric, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = line[metric.Length..];
            var labelText = "";
            if (rest.StartsWith('{'))
            {
                var end = rest.IndexOf('}', StringComparison.Ordinal);
                labelText = rest[1..end];
                rest = rest[(end + 1)..];
            }
            else if (!rest.StartsWith(' '))
            {
                continue; // a longer name that starts with this one
            }

            if (labels.All(label => labelText.Contains($"{label.Name}=\"{label.Value}\"", StringComparison.Ordinal)))
            {
                var value = rest.Trim().Split(' ')[0];
                values.Add(double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture));
            }
        }

        return values;
    }

    /// <summary>Asserts that at least one sample of <paramref name="metric"/> with these labels is above zero.</summary>
    public static void AssertPositive(string text, string metric, params (string Name, string Value)[] labels)
    {
        var samples = Samples(text, metric, labels);
        Assert.True(
            samples.Any(v => v > 0),
            $"no positive sample of {metric}{{{string.Join(",", labels.Select(l => $"{l.Name}=\"{l.Value}\""))}}} in /metrics:\n"
                + string.Join('\n', text.Split('\n').Where(l => l.StartsWith(metric.Split('_')[0], StringComparison.Ordinal)).Take(80)));
    }
}
