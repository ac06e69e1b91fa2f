filedesc://s2.arc 0.0.0.0 19961104142103 text/plain 200 - - 0 s2.arc 121
2 0 Alexa Internet
URL IP-address Archive-date Content-type Result-code Checksum Location Offset Filename Archive-length

http://b.gov.cn/a b.html 10.0.0.3 19961104142104 text/html 200 d41d8cd98f00b204e9800998ecf8427e - 300 s2.arc 123
HTTP/1.1 200 OK
Content-Type: text/html

<html><head><title>政务公开</title></head><body><p>通知</p></body></html>
http://b.gov.cn/r 10.0.0.3 19961104142105 text/html 302 - http://b.gov.cn/ 500 s2.arc 50
HTTP/1.1 302 Found
Location: http://b.gov.cn/


