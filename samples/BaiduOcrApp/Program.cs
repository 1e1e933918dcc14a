// A small app that still uses Baidu's OCR SDK. SupplyChainGuard flags the Baidu.AI reference (SCG0001) and
// every use of the SDK in this file (SCG0101, SCG0102): the policy next to this file restricts the vendor
// by its nuget.org owner, which the build reads from the package's repository signature.
using Baidu.Aip.Ocr;

var client = new Ocr("api-key", "secret-key");
var image = File.Exists("receipt.png") ? File.ReadAllBytes("receipt.png") : Array.Empty<byte>();
Console.WriteLine(image.Length == 0 ? "no image" : client.GeneralBasic(image, null).ToString());
