using System.Text;

namespace Verifier.Testing.Smtp;

/// <summary>The lines of one SMTP session as they crossed the wire, client and server side, CR LF removed.</summary>
public sealed class SmtpSessionTranscript
{
    private readonly Lock _gate = new();
    private readonly List<string> _clientLines = [];
    private readonly List<string> _serverLines = [];
    private readonly List<byte> _clientPartial = [];
    private readonly List<byte> _serverPartial = [];

    internal SmtpSessionTranscript(int number) => Number = number;

    /// <summary>1 for the first session the server accepted, 2 for the next, …</summary>
    public int Number { get; }

    /// <summary>Every line the client sent, in order (commands, and message content if a client ever sent DATA).</summary>
    public IReadOnlyList<string> ClientLines
    {
        get
        {
            lock (_gate)
            {
                return [.. _clientLines];
            }
        }
    }

    /// <summary>Every line the server sent, in order, e.g. "550 5.1.1 User unknown".</summary>
    public IReadOnlyList<string> ServerLines
    {
        get
        {
            lock (_gate)
            {
                return [.. _serverLines];
            }
        }
    }

    /// <summary>The command verb of each client line, upper-case ("EHLO", "MAIL", "RCPT", "QUIT", …).</summary>
    public IReadOnlyList<string> Commands => [.. ClientLines.Select(VerbOf)];

    /// <summary>The mailboxes of the RCPT TO commands, in order, as sent.</summary>
    public IReadOnlyList<string> Recipients => [.. ClientLines.Where(l => VerbOf(l) == "RCPT").Select(PathOf)];

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var line in ClientLines)
        {
            text.Append("C: ").AppendLine(line);
        }

        return text.ToString();
    }

    internal static string VerbOf(string line)
    {
        var end = line.IndexOfAny([' ', ':']);
        return (end < 0 ? line : line[..end]).ToUpperInvariant();
    }

    internal static string PathOf(string line)
    {
        var start = line.IndexOf('<', StringComparison.Ordinal);
        var end = line.LastIndexOf('>');
        return start >= 0 && end > start ? line[(start + 1)..end] : line;
    }

    internal void FromClient(ReadOnlySpan<byte> bytes) => Append(bytes, _clientPartial, _clientLines);

    internal void FromServer(ReadOnlySpan<byte> bytes) => Append(bytes, _serverPartial, _serverLines);

    private void Append(ReadOnlySpan<byte> bytes, List<byte> partial, List<string> lines)
    {
        lock (_gate)
        {
            foreach (var b in bytes)
            {
                if (b == (byte)'\n')
                {
                    var count = partial.Count > 0 && partial[^1] == (byte)'\r' ? partial.Count - 1 : partial.Count;
                    lines.Add(Encoding.UTF8.GetString([.. partial.Take(count)]));
                    partial.Clear();
                }
                else
                {
                    partial.Add(b);
                }
            }
        }
    }
}
