using System.Globalization;
using System.Text;

namespace Verifier.Core.Jobs.Csv;

/// <summary>What the uploader said about the email column: nothing (auto-detect), a header name, or a 0-based index.</summary>
public readonly record struct EmailColumnChoice(string? Name, int? Index)
{
    public static EmailColumnChoice Auto => default;

    /// <summary>Digits only: a 0-based index; anything else: a header name; empty: auto-detect.</summary>
    public static EmailColumnChoice Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Auto;
        }

        var trimmed = text.Trim();
        return trimmed.All(char.IsAsciiDigit) && int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? new EmailColumnChoice(null, index)
            : new EmailColumnChoice(trimmed, null);
    }
}

/// <summary>The header row and email column of a file, decided from its first records.</summary>
/// <param name="HasHeader">The first record is a header.</param>
/// <param name="EmailColumn">0-based index of the email column.</param>
/// <param name="ColumnCount">Columns of the header, or the most of any sampled record.</param>
public sealed record ColumnDetection(bool HasHeader, int EmailColumn, int ColumnCount);

/// <summary>
/// Finds the header row and the email column from the first records of a file. A header is recognised by a
/// column name meaning "email" (email, e-mail, mail, address, correo, courriel, …), or by a first record with
/// no '@' above records that have one. The column is the one named, the index given, a header name meaning
/// "email", or else the column whose sampled values most often contain '@'. Pure.
/// </summary>
public static class EmailColumnDetector
{
    /// <summary>Header names (lower case, letters only) that mean "the email address".</summary>
    private static readonly string[] ExactNames =
    [
        "email", "emails", "emailaddress", "emailaddresses", "mailaddress", "emailadresse",
        "adressemail", "adresseemail", "courriel", "correo", "correoelectronico", "email1", "primaryemail",
        "workemail", "contactemail", "epost", "eposta", "emailadres", "indirizzoemail",
    ];

    /// <summary>Names that mean "email" only when nothing better is there ("address" may be a postal address).</summary>
    private static readonly string[] WeakNames = ["mail", "address", "posta", "adresse", "direccion"];

    /// <summary>Decides the header and the column, or explains why no column can be used.</summary>
    /// <param name="records">The first records of the file, decoded.</param>
    /// <param name="choice">What the uploader asked for.</param>
    /// <param name="hasHeader">True or false when the uploader said; null to detect.</param>
    /// <exception cref="JobRejectedException">No column can be used; the message says why.</exception>
    public static ColumnDetection Detect(IReadOnlyList<string[]> records, EmailColumnChoice choice, bool? hasHeader = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            throw new JobRejectedException(JobRejection.NoUsableColumn, "The file has no rows.");
        }

        var first = records[0];
        var namedColumn = FindEmailHeader(first);
        var header = hasHeader ?? DetectHeader(records, namedColumn, choice);
        var data = header ? records.Skip(1).ToList() : [.. records];
        var widest = records.Max(r => r.Length);
        var columnCount = header ? first.Length : widest;

        if (choice.Index is { } index)
        {
            if (index >= widest)
            {
                throw new JobRejectedException(
                    JobRejection.NoUsableColumn,
                    $"emailColumn={index.ToString(CultureInfo.InvariantCulture)} is out of range: columns are numbered from 0 and the widest of the first rows has {widest.ToString(CultureInfo.InvariantCulture)}.");
            }

            return new ColumnDetection(header, index, Math.Max(columnCount, index + 1));
        }

        if (choice.Name is { } name)
        {
            if (!header)
            {
                throw new JobRejectedException(
                    JobRejection.NoUsableColumn,
                    $"emailColumn='{name}' names a column, but the file has no header row; pass the column's 0-based index instead.");
            }

            var byName = Array.FindIndex(first, cell => string.Equals(cell.Trim(), name, StringComparison.OrdinalIgnoreCase));
            if (byName < 0)
            {
                throw new JobRejectedException(
                    JobRejection.NoUsableColumn,
                    $"No column is named '{name}'; the header has: {Describe(first)}.");
            }

            return new ColumnDetection(header, byName, columnCount);
        }

        if (header && namedColumn >= 0)
        {
            return new ColumnDetection(header, namedColumn, columnCount);
        }

        var byValues = MostAtSigns(data, widest);
        if (byValues < 0)
        {
            var what = header ? $"the header ({Describe(first)}) names no email column" : "there is no header row";
            throw new JobRejectedException(
                JobRejection.NoUsableColumn,
                $"No column holds email addresses: {what}, and no value of the first {data.Count.ToString(CultureInfo.InvariantCulture)} rows contains '@'. Pass ?emailColumn= with a column name or 0-based index.");
        }

        return new ColumnDetection(header, byValues, columnCount);
    }

    /// <summary>The index of a cell whose name means "email", or -1.</summary>
    public static int FindEmailHeader(string[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var loose = -1;
        var weak = -1;
        for (var i = 0; i < cells.Length; i++)
        {
            if (cells[i].Contains('@', StringComparison.Ordinal))
            {
                continue;
            }

            var key = Key(cells[i]);
            if (ExactNames.Contains(key, StringComparer.Ordinal))
            {
                return i;
            }

            if (loose < 0 && key.Length <= 40 && (key.Contains("email", StringComparison.Ordinal) || key.Contains("correo", StringComparison.Ordinal)))
            {
                loose = i;
            }

            if (weak < 0 && WeakNames.Contains(key, StringComparer.Ordinal))
            {
                weak = i;
            }
        }

        return loose >= 0 ? loose : weak;
    }

    private static bool DetectHeader(IReadOnlyList<string[]> records, int namedColumn, EmailColumnChoice choice)
    {
        var first = records[0];
        if (namedColumn >= 0)
        {
            return true;
        }

        if (choice.Name is { } name && first.Any(c => string.Equals(c.Trim(), name, StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        // No name we know: a header when the first record has no '@' and the records below do.
        var firstHasAt = first.Any(c => c.Contains('@', StringComparison.Ordinal));
        var restHaveAt = records.Skip(1).Any(r => r.Any(c => c.Contains('@', StringComparison.Ordinal)));
        return !firstHasAt && restHaveAt;
    }

    private static int MostAtSigns(List<string[]> data, int width)
    {
        var best = -1;
        var bestCount = 0;
        for (var column = 0; column < width; column++)
        {
            var count = 0;
            foreach (var record in data)
            {
                if (column < record.Length && record[column].Contains('@', StringComparison.Ordinal))
                {
                    count++;
                }
            }

            if (count > bestCount)
            {
                bestCount = count;
                best = column;
            }
        }

        return best;
    }

    private static string Key(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormD))
        {
            if (char.IsLetterOrDigit(c) && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }

    private static string Describe(string[] header) =>
        string.Join(", ", header.Take(20).Select((h, i) => $"{i.ToString(CultureInfo.InvariantCulture)}: '{(h.Length > 40 ? h[..40] + "…" : h)}'"));
}
