#!/usr/bin/env python3
"""Writes spa962-sample.xml: a realistic, fictitious SPA962 profile (six lines, two SPA932 sidecars)
in the exact layout FlatProfileXml.write produces, so the file also round-trips byte for byte.
Run from this directory: python3 make-spa962-sample.py. Deterministic: no randomness, no dates.
Names follow the SPA9xx web UI (spa-protocol.md 4.3); every value and credential is made up."""

from xml.sax.saxutils import escape

params = []  # (name, value or None for <X/>, ua or None)


def p(name, value, ua="na"):
    params.append((name, value, ua))


# System
for name, value in [
    ("Restricted_Access_Domains", ""), ("Enable_Web_Server", "Yes"), ("Web_Server_Port", "80"),
    ("Enable_Web_Admin_Access", "Yes"), ("Admin_Passwd", "Adm1n-Pa55-0017"), ("User_Password", ""),
    ("DHCP", "Yes"), ("Static_IP", ""), ("NetMask", ""), ("Gateway", ""), ("HostName", "spa962-0017"),
    ("Domain", "voice.example.net"), ("Primary_DNS", "192.0.2.53"), ("Secondary_DNS", "198.51.100.53"),
    ("DNS_Server_Order", "Manual,DHCP"), ("DNS_Query_Mode", "Parallel"), ("Syslog_Server", "192.0.2.10"),
    ("Debug_Server", ""), ("Debug_Level", "0"), ("Primary_NTP_Server", "ntp1.example.net"),
    ("Secondary_NTP_Server", "ntp2.example.net"), ("Enable_VLAN", "No"), ("VLAN_ID", "1"),
    ("Enable_CDP", "Yes"), ("Enable_PC_Port_VLAN_Tagging", "No"), ("PC_Port_VLAN_ID", "1"),
    ("Network_Startup_Delay", "3"), ("Enable_LLDP-MED", "Yes"),
]:
    p(name, value)

# SIP
for name, value in [
    ("Max_Forward", "70"), ("Max_Redirection", "5"), ("Max_Auth", "2"),
    ("SIP_User_Agent_Name", "$VERSION"), ("SIP_Server_Name", "$VERSION"), ("SIP_Reg_User_Agent_Name", ""),
    ("SIP_Accept_Language", ""), ("DTMF_Relay_MIME_Type", "application/dtmf-relay"),
    ("Hook_Flash_MIME_Type", "application/hook-flash"), ("Remove_Last_Reg", "No"), ("Use_Compact_Header", "No"),
    ("Escape_Display_Name", "No"), ("RFC_2543_Call_Hold", "Yes"), ("Mark_All_AVT_Packets", "Yes"),
    ("SIP_TCP_Port_Min", "5060"), ("SIP_TCP_Port_Max", "5080"), ("SIP_T1", ".5"), ("SIP_T2", "4"),
    ("SIP_T4", "5"), ("SIP_Timer_B", "16"), ("SIP_Timer_F", "16"), ("SIP_Timer_H", "16"), ("SIP_Timer_D", "16"),
    ("SIP_Timer_J", "16"), ("INVITE_Expires", "240"), ("ReINVITE_Expires", "30"), ("Reg_Min_Expires", "1"),
    ("Reg_Max_Expires", "7200"), ("Reg_Retry_Intvl", "30"), ("Reg_Retry_Long_Intvl", "1200"),
    ("Reg_Retry_Random_Delay", "0"), ("Reg_Retry_Long_Random_Delay", "0"), ("Reg_Retry_Intvl_Cap", "0"),
    ("SIT1_RSC", ""), ("SIT2_RSC", ""), ("SIT3_RSC", ""), ("SIT4_RSC", ""), ("Try_Backup_RSC", ""),
    ("Retry_Reg_RSC", ""), ("RTP_Port_Min", "16384"), ("RTP_Port_Max", "16482"), ("RTP_Packet_Size", "0.030"),
    ("Max_RTP_ICMP_Err", "0"), ("RTCP_Tx_Interval", "0"), ("No_UDP_Checksum", "No"), ("Stats_In_BYE", "No"),
    ("AVT_Dynamic_Payload", "101"), ("INFOREQ_Dynamic_Payload", ""), ("G726r32_Dynamic_Payload", "2"),
    ("G729b_Dynamic_Payload", ""), ("AVT_Codec_Name", "telephone-event"), ("G711u_Codec_Name", "PCMU"),
    ("G711a_Codec_Name", "PCMA"), ("G726r32_Codec_Name", "G726-32"), ("G729a_Codec_Name", "G729a"),
    ("G729b_Codec_Name", "G729ab"), ("G723_Codec_Name", "G723"), ("EncapRTP_Codec_Name", "encaprtp"),
    ("Handle_VIA_received", "No"), ("Handle_VIA_rport", "No"), ("Insert_VIA_received", "No"),
    ("Insert_VIA_rport", "No"), ("Substitute_VIA_Addr", "No"), ("Send_Resp_To_Src_Port", "No"),
    ("STUN_Enable", "No"), ("STUN_Test_Enable", "No"), ("STUN_Server", ""), ("EXT_IP", ""),
    ("EXT_RTP_Port_Min", ""), ("NAT_Keep_Alive_Intvl", "15"),
]:
    p(name, value)

# Provisioning (spa-protocol.md 5.1)
p("Provision_Enable", "Yes")
p("Resync_On_Reset", "Yes")
p("Resync_Random_Delay", "2")
p("Resync_At__HHmm_", "")
p("Resync_At_Random_Delay", "600")
p("Resync_Periodic", "3600")
p("Resync_Error_Retry_Delay", "3600")
p("Forced_Resync_Delay", "14400")
p("Resync_From_SIP", "Yes")
p("Resync_After_Upgrade_Attempt", "Yes")
p("Resync_Trigger_1", "")
p("Resync_Trigger_2", "")
p("Resync_Fails_On_FNF", "Yes")
p("Profile_Rule", '("$CCERT" eq "Installed" and $PRVST eq 2)? https://prov.example.net/bootstrap/$MA.xml'
  " | [--key $A] http://prov.example.net/profile/$B/spa962.cfg")
p("Profile_Rule_B", "")
p("Profile_Rule_C", "")
p("Profile_Rule_D", "")
p("Log_Resync_Request_Msg", "$PN $MAC -- Requesting resync $SCHEME://$SERVIP:$PORT$PATH")
p("Log_Resync_Success_Msg", "$PN $MAC -- Successful resync $SCHEME://$SERVIP:$PORT$PATH")
p("Log_Resync_Failure_Msg", "$PN $MAC -- Resync failed: $ERR")
p("Report_Rule", "[--key $C] http://prov.example.net/report/$MA.xml")
p("User_Configurable_Resync", "Yes")
p("Upgrade_Enable", "Yes")
p("Upgrade_Error_Retry_Delay", "3600")
p("Downgrade_Rev_Limit", "")
p("Upgrade_Rule", "($SWVER ne 7.6.2)? http://prov.example.net/firmware/spa962-7-6-2.bin")
p("Log_Upgrade_Request_Msg", "$PN $MAC -- Requesting upgrade $SCHEME://$SERVIP:$PORT$PATH")
p("Log_Upgrade_Success_Msg", "$PN $MAC -- Successful upgrade $SCHEME://$SERVIP:$PORT$PATH -- $ERR")
p("Log_Upgrade_Failure_Msg", "$PN $MAC -- Upgrade failed: $ERR")
p("License_Keys", "")
gpp = {"A": "4f1c0a8e93b27d65c1e0f4a9b8d7c6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9",
       "B": "k7q2x9m4w8p3z6t1", "C": "9b8a7c6d5e4f3a2b1c0d9e8f7a6b5c4d"}
for letter in "ABCDEFGHIJKLMNOP":
    p("GPP_" + letter, gpp.get(letter, ""))
for letter in "ABCD":
    p("GPP_S" + letter, "")

# Regional: tones, cadences, patterns, timers, vertical service codes
tones = [
    ("Dial_Tone", "350@-19,440@-19;10(*/0/1+2)"), ("Second_Dial_Tone", "420@-19,520@-19;10(*/0/1+2)"),
    ("Outside_Dial_Tone", "420@-16;10(*/0/1)"), ("Prompt_Tone", "520@-19,620@-19;10(*/0/1+2)"),
    ("Busy_Tone", "480@-19,620@-19;10(.5/.5/1+2)"), ("Reorder_Tone", "480@-19,620@-19;10(.25/.25/1+2)"),
    ("Off_Hook_Warning_Tone", "480@-10,620@0;10(.125/.125/1+2)"),
    ("Ring_Back_Tone", "440@-19,480@-19;*(2/4/1+2)"), ("Call_Waiting_Tone", "440@-10;30(.3/9.7/1)"),
    ("Confirm_Tone", "600@-16;1(.25/.25/1)"), ("SIT1_Tone", "985@-16,1428@-16,1777@-16;20(.380/0/1,.380/0/2,.380/0/3,0/4/0)"),
    ("SIT2_Tone", "914@-16,1371@-16,1777@-16;20(.274/0/1,.274/0/2,.380/0/3,0/4/0)"),
    ("SIT3_Tone", "914@-16,1371@-16,1777@-16;20(.380/0/1,.380/0/2,.380/0/3,0/4/0)"),
    ("SIT4_Tone", "985@-16,1371@-16,1777@-16;20(.380/0/1,.274/0/2,.380/0/3,0/4/0)"),
    ("MWI_Dial_Tone", "350@-19,440@-19;2(.1/.1/1+2);10(*/0/1+2)"),
    ("Cfwd_Dial_Tone", "350@-19,440@-19;2(.2/.2/1+2);10(*/0/1+2)"), ("Holding_Tone", "600@-19;25(.1/.1/1,.1/.1/1,.1/9.5/1)"),
    ("Conference_Tone", "350@-19;20(.1/.1/1,.1/9.7/1)"), ("Secure_Call_Indication_Tone", "397@-19,507@-19;15(0/2/0,.2/.1/1,.1/2.1/2)"),
    ("Page_Tone", "600@-16;.3(.05/0.05/1)"), ("Alert_Tone", "600@-19;.2(.05/0.05/1)"),
    ("System_Beep", "600@-16;.1(.05/0.05/1)"), ("Call_Pickup_Tone", "440@-10;30(.3/9.7/1)"),
]
for name, value in tones:
    p(name, value)
for n in range(1, 9):
    p("Ring%d_Cadence" % n, ["60(2/4)", "60(.3/.2,1/.2,.3/4)", "60(.8/.4,.8/4)", "60(.4/.2,.3/.2,.8/4)",
                             "60(.2/.2,.2/.2,.2/.2,1/4)", "60(.2/.4,.2/.4,.2/4)", "60(.4/.2,.4/.2,.4/4)",
                             "60(0.25/9.75)"][n - 1])
for n in range(1, 9):
    p("CWT%d_Cadence" % n, ["30(.3/9.7)", "30(.1/.1, .1/9.7)", "30(.1/.1, .1/.1, .1/9.5)",
                            "30(.1/.1,.3/.1,.1/9.3)", "30(.3/.1,.1/.1,.3/9.1)", "30(.3/.1,.3/.1,.1/9.2)",
                            "30(.3/.1,.1/.1,.3/9.3)", "2.3(.3/2)"][n - 1])
for n in range(1, 9):
    p("Ring%d_Name" % n, "Bellcore-r%d" % n)
    p("CWT%d_Name" % n, "Bellcore-r%d" % n)
for name, value in [
    ("Hook_Flash_Timer_Min", ".1"), ("Hook_Flash_Timer_Max", ".9"), ("Callee_On_Hook_Delay", "0"),
    ("Reorder_Delay", "5"), ("Call_Back_Expires", "1800"), ("Call_Back_Retry_Intvl", "30"),
    ("Call_Back_Delay", ".5"), ("VMWI_Refresh_Intvl", "0"), ("Interdigit_Long_Timer", "10"),
    ("Interdigit_Short_Timer", "3"), ("CPC_Delay", "2"), ("CPC_Duration", "0"),
]:
    p(name, value)
vsc = [
    ("Call_Return_Code", "*69"), ("Blind_Transfer_Code", "*98"), ("Call_Back_Act_Code", "*66"),
    ("Call_Back_Deact_Code", "*86"), ("Cfwd_All_Act_Code", "*72"), ("Cfwd_All_Deact_Code", "*73"),
    ("Cfwd_Busy_Act_Code", "*90"), ("Cfwd_Busy_Deact_Code", "*91"), ("Cfwd_No_Ans_Act_Code", "*92"),
    ("Cfwd_No_Ans_Deact_Code", "*93"), ("CW_Act_Code", "*56"), ("CW_Deact_Code", "*57"),
    ("CW_Per_Call_Act_Code", "*71"), ("CW_Per_Call_Deact_Code", "*70"), ("Block_CID_Act_Code", "*61"),
    ("Block_CID_Deact_Code", "*62"), ("Block_CID_Per_Call_Act_Code", "*81"),
    ("Block_CID_Per_Call_Deact_Code", "*82"), ("Block_ANC_Act_Code", "*77"), ("Block_ANC_Deact_Code", "*87"),
    ("DND_Act_Code", "*78"), ("DND_Deact_Code", "*79"), ("Secure_All_Call_Act_Code", "*16"),
    ("Secure_No_Call_Act_Code", "*17"), ("Secure_One_Call_Act_Code", "*18"),
    ("Secure_One_Call_Deact_Code", "*19"), ("Paging_Code", "*96"), ("Call_Park_Code", "*38"),
    ("Call_Pickup_Code", "*36"), ("Call_Unpark_Code", "*39"), ("Group_Call_Pickup_Code", "*37"),
    ("Referral_Services_Codes", ""), ("Feature_Dial_Services_Codes", ""),
    ("Prefer_G711u_Code", "*017110"), ("Force_G711u_Code", "*027110"), ("Prefer_G711a_Code", "*017111"),
    ("Force_G711a_Code", "*027111"), ("Prefer_G723_Code", "*01723"), ("Force_G723_Code", "*02723"),
    ("Prefer_G726r32_Code", "*0172632"), ("Force_G726r32_Code", "*0272632"),
    ("Prefer_G729a_Code", "*01729"), ("Force_G729a_Code", "*02729"),
]
for name, value in vsc:
    p(name, value)
for name, value in [
    ("Time_Zone", "GMT-05:00"), ("Time_Offset__HH_mm_", ""),
    ("Daylight_Saving_Time_Rule", "start=3/8/7/2:0:0;end=11/1/7/2:0:0;save=1"),
    ("Dictionary_Server_Script", ""), ("Language_Selection", "English-US"), ("Default_Character_Encoding", "ISO-8859-1"),
]:
    p(name, value)

# Phone
for name, value, ua in [
    ("Station_Name", "Reception 0017", "na"), ("Voice_Mail_Number", "*98", "na"),
    ("Text_Logo", "Example Telecom", "na"), ("BMP_Picture_Download_URL", "", "na"), ("Select_Logo", "Text Logo", "na"),
    ("Select_Background_Picture", "None", "na"), ("Softkey_Labels_Font", "Auto", "na"),
    ("Screen_Saver_Enable", "No", "rw"), ("Screen_Saver_Wait", "300", "rw"), ("Screen_Saver_Icon", "Background Picture", "rw"),
    ("Back_Light_Timer", "30 s", "rw"), ("LCD_Contrast", "8", "rw"), ("Ringer_Volume", "9", "rw"),
    ("Speaker_Volume", "11", "rw"), ("Handset_Volume", "9", "rw"), ("Headset_Volume", "9", "rw"),
    ("Bluetooth_Mode", "Phone", "rw"), ("Line_Navigation", "Per Call", "na"), ("Miscellaneous_Line_Key_LED_Usage", "", "na"),
]:
    p(name, value, ua)
for n in range(1, 7):
    p("Extension_%d_" % n, str(n))
    p("Short_Name_%d_" % n, "$USER" if n > 1 else "Reception")
    p("Share_Call_Appearance_%d_" % n, "private")
    p("Extended_Function_%d_" % n, "")
for name, value in [
    ("Conference_Serv", "Yes"), ("Attn_Transfer_Serv", "Yes"), ("Blind_Transfer_Serv", "Yes"),
    ("DND_Serv", "Yes"), ("Block_ANC_Serv", "Yes"), ("Call_Back_Serv", "Yes"), ("Block_CID_Serv", "Yes"),
    ("Secure_Call_Serv", "Yes"), ("Cfwd_All_Serv", "Yes"), ("Cfwd_Busy_Serv", "Yes"), ("Cfwd_No_Ans_Serv", "Yes"),
    ("Paging_Serv", "Yes"), ("Call_Park_Serv", "Yes"), ("Call_Pick_Up_Serv", "Yes"), ("ACD_Login_Serv", "No"),
    ("Group_Call_Pick_Up_Serv", "Yes"), ("ACD_Ext", "1"), ("Service_Annc_Serv", "No"),
]:
    p(name, value)
for n in range(1, 11):
    p("Ring%d" % n, "n=%s;w=%d;c=%d" % (["Classic-1", "Classic-2", "Simple-1", "Simple-2", "Simple-3",
                                          "Simple-4", "Simple-5", "Office", "Low Tone", "Chime"][n - 1],
                                         n, 1 if n < 6 else 2))
for name, value in [
    ("Auto_Answer_Page", "Yes"), ("Time_Format", "12hr"), ("Date_Format", "month/day"), ("Miss_Call_Shortcut", "No"),
    ("Accept_Media_Loopback_Request", "automatic"), ("Media_Loopback_Mode", "source"), ("Media_Loopback_Type", "media"),
    ("Recv_Media_Loopback", "Yes"), ("Send_Media_Loopback", "Yes"),
    ("Phone_UI_Serv", ""), ("XML_Directory_Service_Name", "Company directory"),
    ("XML_Directory_Service_URL", "http://prov.example.net/directory.xml?mac=$MA&lang=en"),
    ("XML_Application_Service_Name", ""), ("XML_Application_Service_URL", ""),
    ("Server_Type", "Broadsoft"), ("Subscribe_Expires", "1800"), ("Subscribe_Retry_Interval", "30"),
    ("Unit_1_Enable", "Yes"), ("Unit_2_Enable", "Yes"), ("Subscribe_Delay", "1"),
    ("Server_Type", "Broadsoft"), ("Test_Mode_Enable", "No"), ("Attendant_Console_Call_Pickup_Code", "*36"),
    ("Attendant_Console_LCD_Contrast", "12"),
]:
    p(name, value)
# Two SPA932 attendant consoles, 32 keys each; BLF/speed-dial keys as function strings.
for unit in (1, 2):
    for key in range(1, 33):
        ext = 200 + (unit - 1) * 32 + key
        value = "fnc=blf+sd+cp;sub=%d@voice.example.net;usr=%d@voice.example.net;nme=Desk %d" % (ext, ext, ext) \
            if key <= 24 else ""
        p("Unit_%d_Key_%d_" % (unit, key), value)
for n in range(2, 10):
    p("Speed_Dial_%d_" % n, None, "rw")
# User-owned settings: empty elements with ua="rw" leave what the user set (spa-protocol.md 4.3).
for name in ["Cfwd_All_Dest", "Cfwd_Busy_Dest", "Cfwd_No_Ans_Dest", "Cfwd_No_Ans_Delay", "CW_Setting",
             "Block_CID_Setting", "Block_ANC_Setting", "DND_Setting", "Secure_Call_Setting", "Dial_Assistance",
             "Auto_Answer_Page_Setting", "Preferred_Audio_Device", "Alert_Tone_Off", "Ring_Tone",
             "Personal_Directory"]:
    p(name, None, "rw")

# Lines 1-6
dial_plan = "(<9:>[2-9]xxxxxx|<9:1>[2-9]xx[2-9]xxxxxx|<9:>1[2-9]xx[2-9]xxxxxx|<9:>011xxxxxxx.|*xx|[1-8]xx" \
            "|<911:911>!|<9911:911>!|<:@gw0>S0)"
for n in range(1, 7):
    user = "41655501%02d" % (16 + n)
    line = [
        ("Line_Enable", "Yes" if n <= 3 else "No"), ("Share_Ext", "private"), ("Shared_User_ID", ""),
        ("Subscription_Expires", "3600"), ("NAT_Mapping_Enable", "No"), ("NAT_Keep_Alive_Enable", "No"),
        ("NAT_Keep_Alive_Msg", "$NOTIFY"), ("NAT_Keep_Alive_Dest", "$PROXY"), ("SIP_TOS_DiffServ_Value", "0x68"),
        ("SIP_CoS_Value", "3"), ("RTP_TOS_DiffServ_Value", "0xb8"), ("RTP_CoS_Value", "6"),
        ("Network_Jitter_Level", "high"), ("Jitter_Buffer_Adjustment", "up and down"),
        ("SIP_Transport", "UDP"), ("SIP_Port", str(5059 + n)), ("SIP_100REL_Enable", "No"), ("EXT_SIP_Port", ""),
        ("Auth_Resync-Reboot", "Yes"), ("SIP_Proxy-Require", ""), ("SIP_Remote-Party-ID", "Yes"),
        ("SIP_GUID", "No"), ("RTP_Log_Intvl", "0"), ("Restrict_Source_IP", "No"), ("Referor_Bye_Delay", "4"),
        ("Refer-To_Target_Contact", "No"), ("Referee_Bye_Delay", "0"), ("Refer_Target_Bye_Delay", "0"),
        ("Sticky_183", "No"), ("Auth_INVITE", "No"), ("Ntfy_Refer_On_1xx-To-Inv", "Yes"),
        ("Set_G729_annexb", "yes"), ("Voice_Quality_Report_Address", ""), ("VQ_Report_Interval", "0"),
        ("User_Equal_Phone", "No"), ("Call_Recording_Protocol", "SIPREC"),
        ("Blind_Attn-Xfer_Enable", "No"), ("MOH_Server", ""), ("Message_Waiting", "No"),
        ("Auth_Page", "No"), ("Default_Ring", "1"), ("Auth_Page_Realm", ""), ("Conference_Bridge_URL", ""),
        ("Auth_Page_Password", ""), ("Mailbox_ID", user), ("Voice_Mail_Server", ""),
        ("Mailbox_Subscribe_Interval", "90"), ("Auto_Ans_Page_On_Active_Call", "Yes"),
        ("Feature_Key_Sync", "No"), ("Call_Park_Monitor_Enable", "No"), ("Enable_Broadsoft_Hoteling", "No"),
        ("Hoteling_Subscription_Expires", "3600"),
        ("Proxy", "sip.voice.example.net"), ("Outbound_Proxy", "sbc.voice.example.net:5060"),
        ("Use_Outbound_Proxy", "Yes"), ("Use_OB_Proxy_In_Dialog", "Yes"), ("Register", "Yes"),
        ("Make_Call_Without_Reg", "No"), ("Register_Expires", "3600"), ("Ans_Call_Without_Reg", "No"),
        ("Use_DNS_SRV", "No"), ("DNS_SRV_Auto_Prefix", "No"), ("Proxy_Fallback_Intvl", "3600"),
        ("Proxy_Redundancy_Method", "Normal"), ("Dual_Registration", "No"), ("Auto_Register_When_Failover", "No"),
        ("Display_Name", "Reception & Front Desk" if n == 1 else "Ext %d <line %d>" % (n, n)),
        ("User_ID", user), ("Password", "Pw-%s-x7&q" % user[-4:]), ("Use_Auth_ID", "No"), ("Auth_ID", ""),
        ("Mini_Certificate", ""), ("SRTP_Private_Key", ""),
        ("Preferred_Codec", "G711u"), ("Use_Pref_Codec_Only", "No"), ("Second_Preferred_Codec", "G729a"),
        ("Third_Preferred_Codec", "Unspecified"), ("G729a_Enable", "Yes"), ("G723_Enable", "Yes"),
        ("G726-16_Enable", "Yes"), ("G726-24_Enable", "Yes"), ("G726-32_Enable", "Yes"), ("G726-40_Enable", "Yes"),
        ("Release_Unused_Codec", "Yes"), ("DTMF_Process_AVT", "Yes"), ("Silence_Supp_Enable", "No"),
        ("DTMF_Tx_Method", "Auto"), ("Dial_Plan", dial_plan), ("Caller_ID_Map", ""),
        ("Enable_IP_Dialing", "No"), ("Emergency_Number", "911"),
    ]
    for name, value in line:
        p("%s_%d_" % (name, n), value)

# A few user-visible extras keep the mix of access levels realistic.
p("Call_History", None, "ro")
p("Handset_Ring_Tone", None, "rw")

seen = set()
out = ["<flat-profile>\n"]
for name, value, ua in params:
    if name in seen:
        continue
    seen.add(name)
    attr = ' ua="%s"' % ua if ua else ""
    if value is None:
        out.append("  <%s%s/>\n" % (name, attr))
    else:
        out.append("  <%s%s>%s</%s>\n" % (name, attr, escape(value), name))
out.append("</flat-profile>\n")
text = "".join(out)
text.encode("ascii")
with open("spa962-sample.xml", "w", newline="\n") as f:
    f.write(text)
print("%d parameters, %d bytes" % (len(seen), len(text)))
