using System.Text;
using Verifier.Core.Jobs;
using Verifier.Core.Jobs.Csv;

namespace Verifier.Core.Tests.Jobs;

public sealed class CsvDetectionTests
{
    [Theory]
    [InlineData("name,email\nA,a@x.test\nB,b@x.test\n", ',')]
    [InlineData("name;email\nA;a@x.test\nB;b@x.test\n", ';')]
    [InlineData("name\temail\nA\ta@x.test\nB\tb@x.test\n", '\t')]
    [InlineData("name;amount;email\nA;1,5;a@x.test\nB;2,25;b@x.test\n", ';')]
    [InlineData("\"Smith; J\",a@x.test,1\n\"Doe; K\",b@x.test,2\n", ',')]
    [InlineData("email\na@x.test\nb@x.test\n", ',')]
    [InlineData("name;email\n\"multi\nline\";a@x.test\nB;b@x.test\n", ';')]
    public void Detects_the_delimiter(string text, char expected)
    {
        Assert.Equal((byte)expected, CsvSniffer.DetectDelimiter(Encoding.UTF8.GetBytes(text), isWholeFile: true));
    }

    public static TheoryData<string, string?, bool, int> Columns => new()
    {
        // text, emailColumn parameter, header expected, column expected
        { "Name,Email,Phone\nA,a@x.test,1\n", null, true, 1 },
        { "Name,E-Mail Address\nA,a@x.test\n", null, true, 1 },
        { "nombre,correo electrónico\nA,a@x.test\n", null, true, 1 },
        { "Name,Address,Email\nA,1 Main St,a@x.test\n", null, true, 2 },
        { "Name,Contact\nA,a@x.test\nB,b@x.test\n", null, true, 1 },
        { "A,a@x.test\nB,b@x.test\n", null, false, 1 },
        { "a@x.test,other@x.test\nb@x.test,\n", null, false, 0 },
        { "Name,Work,Home\nA,a@x.test,h@x.test\nB,,h2@x.test\n", null, true, 2 },
        { "Name,Work,Home\nA,a@x.test,h@x.test\n", "Work", true, 1 },
        { "Name,Work,Home\nA,a@x.test,h@x.test\n", "work", true, 1 },
        { "Name,Work,Home\nA,a@x.test,h@x.test\n", "2", true, 2 },
        { "A,x,y\nB,z,w\n", "1", false, 1 },
    };

    [Theory]
    [MemberData(nameof(Columns))]
    public void Finds_the_header_and_the_email_column(string text, string? emailColumn, bool header, int column)
    {
        var records = CsvSniffer.SampleRecordsOf(Encoding.UTF8.GetBytes(text), (byte)',', isWholeFile: true);

        var detection = EmailColumnDetector.Detect(records, EmailColumnChoice.Parse(emailColumn));

        Assert.Equal(header, detection.HasHeader);
        Assert.Equal(column, detection.EmailColumn);
    }

    [Theory]
    [InlineData("Name,Phone\nA,1\nB,2\n", null, "no value of the first 3 rows contains '@'")]
    [InlineData("A,1\nB,2\n", null, "there is no header row")]
    [InlineData("Name,Email\nA,a@x.test\n", "Mail", "No column is named 'Mail'")]
    [InlineData("A,a@x.test\n", "Email", "no header row")]
    [InlineData("Name,Email\nA,a@x.test\n", "7", "out of range")]
    public void Says_why_no_column_can_be_used(string text, string? emailColumn, string expected)
    {
        var records = CsvSniffer.SampleRecordsOf(Encoding.UTF8.GetBytes(text), (byte)',', isWholeFile: true);

        var error = Assert.Throws<JobRejectedException>(() => EmailColumnDetector.Detect(records, EmailColumnChoice.Parse(emailColumn)));

        Assert.Equal(JobRejection.NoUsableColumn, error.Rejection);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_header_can_be_stated()
    {
        var records = CsvSniffer.SampleRecordsOf("x@y.test,1\na@x.test,2\n"u8, (byte)',', isWholeFile: true);

        Assert.True(EmailColumnDetector.Detect(records, EmailColumnChoice.Parse("0"), hasHeader: true).HasHeader);
    }
}
